package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	link    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	heading = regexp.MustCompile(`(?m)^#{1,6} (.+)$`)
	home    = regexp.MustCompile(`(^|[\s("'=])/(root|home|Users|work|tmp)/`)
)

// anchors are the GitHub anchors of a Markdown file's headings.
func anchors(text string) map[string]bool {
	a := map[string]bool{}
	for _, m := range heading.FindAllStringSubmatch(text, -1) {
		slug := strings.ToLower(m[1])
		slug = regexp.MustCompile(`[^\p{L}\p{N}\- ]`).ReplaceAllString(slug, "")
		a[strings.ReplaceAll(slug, " ", "-")] = true
	}
	return a
}

// TestLinksResolve: every relative link in README.md and docs/*.md names a
// file that exists and, with #anchor, a heading of it; no page names a
// folder of one machine.
func TestLinksResolve(t *testing.T) {
	pages, _ := filepath.Glob("*.md")
	pages = append(pages, filepath.Join("..", "README.md"))
	if len(pages) < 12 {
		t.Fatalf("only %d pages", len(pages))
	}
	checked := 0
	for _, page := range pages {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		if m := home.FindString(string(b)); m != "" {
			t.Errorf("%s names a machine's path: %q", page, m)
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			path := page
			if file != "" {
				path = filepath.Join(filepath.Dir(page), file)
			}
			text, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("%s: link %s: %v", page, target, err)
				continue
			}
			if anchor != "" && !anchors(string(text))[anchor] {
				t.Errorf("%s: link %s: no heading %q in %s", page, target, anchor, path)
			}
			checked++
		}
	}
	if checked < 30 {
		t.Fatalf("only %d links checked", checked)
	}
}
