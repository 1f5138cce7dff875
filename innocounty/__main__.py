from innocounty.cli import main

raise SystemExit(main())
