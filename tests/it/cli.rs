// CLI tests: see below
