"""What every layer stands on: problems with the user's input, the start-up cache, writing
output files safely, and the project's public addresses. Imports nothing else of assure."""
