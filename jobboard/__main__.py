import sys

from jobboard.cli import main

sys.exit(main())
