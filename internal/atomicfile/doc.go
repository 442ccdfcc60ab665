// Package atomicfile is walkshed's one way of writing output files, so that
// nothing a user has is lost and no reader ever sees half a result:
//
//   - Write replaces one file through a temporary file in the same
//     directory, synced and renamed over the target once it is complete. A
//     failed write leaves the old file as it was.
//   - WriteSet writes a set of files (an audit's --out folder) into a
//     temporary folder and swaps it in whole, so a failed run never leaves
//     files of two runs side by side.
//   - Both refuse to replace anything but a regular file: a named pipe, a
//     device, a directory or a symbolic link at the target is an error that
//     names the path, not something silently replaced by a file.
//   - NotInput refuses an output that is one of the command's inputs
//     (os.SameFile, or the same path when the output does not exist yet).
//
// It is written here rather than taken from github.com/google/renameio,
// the maintained library for the first point, because renameio does not
// build on Windows (its issue #1) and has neither the target check nor the
// set swap; the part it would replace is about 40 lines. The package
// imports only the standard library, so every layer of walkshed can use it.
package atomicfile
