"""`alignment collect`: the questionnaire as a web form for a room, served from this machine."""
