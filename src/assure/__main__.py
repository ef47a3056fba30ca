from assure.cli import main

main()
