// Package docs is the manual: one Markdown page per subject, linked from
// the README. It holds no code; its test checks that every relative link
// of the README and the pages names a file that exists, and every anchor a
// heading of that file, and that no page names a path of one machine.
package docs
