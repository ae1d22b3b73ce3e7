package seed

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ManifestName is the checksum file a data folder may carry, in the
// format `sha256sum` writes.
const ManifestName = "SHA256SUMS"

// The releases careergraph knows, for folders that carry no manifest of
// their own (ESCO's and MCC's downloads have none): each file the
// importers read, with its SHA-256.
//
//go:embed manifests/*.sha256
var knownReleases embed.FS

// verifyFolder checks, before an import reads anything, the files of dir
// it will read: each must exist if required, and match its checksum in the
// folder's SHA256SUMS or, without one, in the embedded manifest of the
// release the importer knows (release names it). A truncated, damaged or
// partly copied folder is refused with the file named; another release
// is imported once its folder carries its own SHA256SUMS.
func verifyFolder(dir Folder, release string, required, optional []string) error {
	sums, from, err := folderManifest(dir, release)
	if err != nil {
		return err
	}
	check := func(name string, required bool) error {
		file := dir.path(name)
		want, listed := sums[name]
		got, err := fileSHA256(dir, name)
		switch {
		case errors.Is(err, fs.ErrNotExist) && required:
			return &ImportError{File: file, Err: fmt.Errorf("missing: the import needs it")}
		case errors.Is(err, fs.ErrNotExist) && listed && from == ManifestName:
			return &ImportError{File: file, Err: fmt.Errorf("missing, though %s lists it", ManifestName)}
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return &ImportError{File: file, Err: err}
		case !listed:
			return &ImportError{File: file, Err: fmt.Errorf("not listed in %s, so it cannot be verified", from)}
		case got != want:
			return &ImportError{File: file, Err: fmt.Errorf("its SHA-256 differs from %s: the file is damaged or truncated, or from another release (give that release's folder a %s)", from, ManifestName)}
		}
		return nil
	}
	for _, n := range required {
		if err := check(n, true); err != nil {
			return err
		}
	}
	for _, n := range optional {
		if err := check(n, false); err != nil {
			return err
		}
	}
	return nil
}

// folderManifest reads dir's SHA256SUMS, or the known release's manifest,
// and says which one it read.
func folderManifest(dir Folder, release string) (map[string]string, string, error) {
	file := dir.path(ManifestName)
	b, err := fs.ReadFile(dir.FS, ManifestName)
	from := ManifestName
	if errors.Is(err, fs.ErrNotExist) {
		from = "careergraph's manifest of " + release
		file = "manifests/" + release + ".sha256"
		b, err = knownReleases.ReadFile(file)
	}
	if err != nil {
		return nil, "", &ImportError{File: file, Err: err}
	}
	sums, err := parseManifest(b)
	if err != nil {
		return nil, "", &ImportError{File: file, Err: err}
	}
	return sums, from, nil
}

// parseManifest reads "<64 hex digits>  <name>" lines (a "*" before the
// name marks binary mode, as sha256sum -b writes).
func parseManifest(b []byte) (map[string]string, error) {
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		sum, name, ok := strings.Cut(text, " ")
		name = strings.TrimPrefix(strings.TrimLeft(name, " "), "*")
		if _, err := hex.DecodeString(sum); !ok || err != nil || len(sum) != 64 || name == "" {
			return nil, fmt.Errorf("line %d is not \"<sha256>  <file>\"", line)
		}
		sums[name] = strings.ToLower(sum)
	}
	return sums, sc.Err()
}

// fileSHA256 is the SHA-256 of name in dir, decompressed if gzipped: a
// shipped file checks against the release's own manifest.
func fileSHA256(dir Folder, name string) (string, error) {
	f, err := dir.open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// WriteManifest writes dir's SHA256SUMS over the regular files in it, as
// `sha256sum * > SHA256SUMS` would: what a folder of another release, or
// of one made for a test, carries so that it can be imported.
func WriteManifest(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, e := range entries {
		if !e.Type().IsRegular() || e.Name() == ManifestName {
			continue
		}
		sum, err := fileSHA256(Dir(dir), e.Name())
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, e.Name())
	}
	return os.WriteFile(filepath.Join(dir, ManifestName), []byte(b.String()), 0o644)
}
