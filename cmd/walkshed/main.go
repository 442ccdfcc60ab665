// Command walkshed audits 15-minute walking access to services from
// OpenStreetMap data. Run "walkshed --help" for the commands.
package main

import (
	"os"

	"github.com/walkshed/walkshed/cmd/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
