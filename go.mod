module spikemnist

go 1.26

require (
	github.com/schollz/progressbar/v3 v3.19.0
	golang.org/x/sys v0.37.0
	golang.org/x/term v0.36.0
)

require (
	github.com/mitchellh/colorstring v0.0.0-20190213212951-d06e56a500db // indirect
	github.com/rivo/uniseg v0.4.7 // indirect
)
