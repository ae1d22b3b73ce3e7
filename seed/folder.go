package seed

import (
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Folder is where an importer reads a release's files: a directory on
// disk (Dir) or the open data shipped in the binary (OpenData). Name is
// what errors call it.
type Folder struct {
	FS   fs.FS
	Name string
}

// Dir is the folder at path on disk.
func Dir(dir string) Folder { return Folder{FS: os.DirFS(dir), Name: dir} }

// path names file within the folder, for messages.
func (f Folder) path(name string) string { return filepath.Join(f.Name, name) }

// open opens name, or name.gz decompressed: the shipped data is gzipped.
func (f Folder) open(name string) (io.ReadCloser, error) {
	r, err := f.FS.Open(name)
	if !errors.Is(err, fs.ErrNotExist) {
		return r, err
	}
	gz, gerr := f.FS.Open(name + ".gz")
	if gerr != nil {
		return nil, err // the plain name's "not found"
	}
	z, err := gzip.NewReader(gz)
	if err != nil {
		gz.Close()
		return nil, err
	}
	return gzFile{z, gz}, nil
}

type gzFile struct {
	*gzip.Reader
	file fs.File
}

func (g gzFile) Close() error {
	g.Reader.Close()
	return g.file.Close()
}

// sub is the folder's subfolder dir.
func (f Folder) sub(dir string) (Folder, error) {
	s, err := fs.Sub(f.FS, dir)
	return Folder{FS: s, Name: path.Join(f.Name, dir)}, err
}

// Extract writes the folder's files into dir, decompressed, with their
// original names: a shipped release as it was downloaded, for tools that
// read a folder on disk (and for `import -dir`).
func (f Folder) Extract(dir string) error {
	entries, err := fs.ReadDir(f.FS, ".")
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := strings.TrimSuffix(e.Name(), ".gz")
		r, err := f.open(name)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
