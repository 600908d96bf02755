// Placeholder entry point until the CLI lands.
print("dumptriage")
