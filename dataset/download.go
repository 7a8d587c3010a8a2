package dataset

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"spikemnist/internal/atomicfile"
)

// Mirrors are the public copies of the gzip files tried in order by Fetch.
var Mirrors = []string{
	"https://ossci-datasets.s3.amazonaws.com/mnist/",
	"https://storage.googleapis.com/cvdf-datasets/mnist/",
	"http://yann.lecun.com/exdb/mnist/",
}

// Fetch makes sure dir holds the four MNIST files. Each missing file is
// downloaded from the first mirror that serves it (a mirror "file://FOLDER"
// is a local folder, such as ModuleDir's), verified (gzip intact,
// sha256 of the content), and only then renamed into place. progress, if not
// nil, is called as bytes arrive.
func Fetch(ctx context.Context, dir string, mirrors []string, progress func(name string, done, total int64)) error {
	var missing []string
	for _, name := range Files {
		if _, err := Path(dir, name); errors.Is(err, ErrMissing) {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	for _, name := range missing {
		var errs []string
		for _, m := range mirrors {
			var err error
			if folder, ok := strings.CutPrefix(m, "file://"); ok {
				err = copyOne(folder, dir, name, progress)
			} else {
				err = fetchOne(ctx, dir, m+name+".gz", name, progress)
			}
			if err == nil {
				errs = nil
				break
			}
			errs = append(errs, err.Error())
		}
		if errs != nil {
			return fmt.Errorf("dataset: could not download %s into %s (put the four MNIST files there, or point -data at them): %s",
				name, dir, strings.Join(errs, "; "))
		}
	}
	return nil
}

func fetchOne(ctx context.Context, dir, url, name string, progress func(string, int64, int64)) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	if err := install(dir, name, resp.Body, resp.ContentLength, progress); err != nil {
		return fmt.Errorf("%s: %w", url, err)
	}
	return nil
}

// copyOne installs name.gz from the folder src into dir.
func copyOne(src, dir, name string, progress func(string, int64, int64)) error {
	f, err := os.Open(filepath.Join(src, name+".gz"))
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := install(dir, name, f, st.Size(), progress); err != nil {
		return fmt.Errorf("%s: %w", f.Name(), err)
	}
	return nil
}

// install writes body to a temporary file in dir, verifies it, and only
// then renames it to name.gz.
func install(dir, name string, body io.Reader, size int64, progress func(string, int64, int64)) error {
	tmp, err := atomicfile.CreateTemp(dir, "."+name+".*.part")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if progress != nil {
		body = &countingReader{r: body, name: name, total: size, report: progress}
	}
	// A gzip file of MNIST is about 10 MB; more is not MNIST.
	if n, err := io.Copy(tmp, io.LimitReader(body, 64<<20)); err != nil {
		tmp.Close()
		return err
	} else if n == 64<<20 {
		tmp.Close()
		return fmt.Errorf("larger than any MNIST file")
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := verify(tmp.Name(), name); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name+".gz"))
}

// verify checks that the file at path decompresses cleanly and has the
// published sha256 for name.
func verify(path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := decompressed(f)
	if err != nil {
		return err
	}
	h := sha256.New()
	// No more than the official content's length (and a byte to tell).
	if _, err := io.Copy(h, io.LimitReader(r, contentSize[name]+1)); err != nil {
		return err
	}
	return checkSum(name, h)
}

type countingReader struct {
	r           io.Reader
	name        string
	done, total int64
	report      func(string, int64, int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.done += int64(n)
	c.report(c.name, c.done, c.total)
	return n, err
}
