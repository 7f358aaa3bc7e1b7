"""The front ends that ask people questions: the survey, the workshop and the asker behind them."""
