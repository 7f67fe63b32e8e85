from qes_cli.cli.app import main

main()
