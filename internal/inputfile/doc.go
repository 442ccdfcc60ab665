// Package inputfile opens the files a user gives walkshed as input, so that
// no input can hang a command or exhaust its memory:
//
//   - Check and Open refuse anything but a regular file (following symbolic
//     links) before opening it: opening a named pipe blocks until a writer
//     comes, and /dev/zero or a socket never ends.
//   - ReadText reads a text file (CSV, GeoJSON, JSON) and stops at the first
//     NUL byte, which no text file holds (a binary file, or the hole of a
//     sparse file), and, when asked, at the first line longer than a limit
//     (MaxLine for CSV), without reading further. A 2 GiB sparse file fails
//     after its first 64 KiB.
//   - Clip shortens input text echoed into error messages.
//
// It imports only the standard library, so every layer of walkshed can use
// it.
package inputfile
