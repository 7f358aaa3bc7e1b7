from alignment_cli.cli import main

main()
