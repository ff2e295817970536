#!/bin/sh
exec python3 "$(dirname "$0")/architecture_test.py"
