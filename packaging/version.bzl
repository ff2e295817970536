# The program's version: --version prints it, the .deb is named after it. Bump it here only.
VERSION = "0.1.0"
