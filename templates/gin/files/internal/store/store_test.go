package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestOpenAppliesTheSQLiteSettings(t *testing.T) {
	st, err := Open("sqlite:///" + filepath.Join(t.TempDir(), "nested", "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	want := map[string]string{
		"journal_mode": "wal",
		"synchronous":  "2", // FULL
		"busy_timeout": "5000",
		"foreign_keys": "1",
	}
	for pragma, value := range want {
		var got string
		if err := st.db.QueryRowContext(context.Background(), "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != value {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, value)
		}
	}
}

func TestPathReadsSQLiteURLs(t *testing.T) {
	for url, want := range map[string]string{
		"sqlite:///./data/app.db": "./data/app.db",
		"sqlite:////tmp/app.db":   "/tmp/app.db",
	} {
		if got, err := Path(url); err != nil || got != want {
			t.Errorf("%s: got %q, %v; want %q", url, got, err, want)
		}
	}
	for _, url := range []string{"", "postgres://x", "sqlite:///", "sqlite:///a.db?mode=ro"} {
		if _, err := Path(url); err == nil {
			t.Errorf("%q was accepted", url)
		}
	}
}
