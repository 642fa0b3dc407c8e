// Command pgfast runs the pgfast server: an analytical SQL engine that speaks the PostgreSQL
// wire protocol. It parses flags, starts the server (package app) and shuts it down
// gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/pgfast/pgfast/cmd/pgfast/app"
)

// shutdownTimeout is how long running statements get to end after a signal before the
// connections are dropped.
const shutdownTimeout = 10 * time.Second

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "pgfast:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("pgfast", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:5433", "TCP address to accept PostgreSQL connections on")
	socketDirs := fs.String("unix-socket-directories", "", "comma-separated directories to listen on a Unix-domain socket in too, .s.PGSQL.<port> as PostgreSQL names it (clients connect with host=DIR); none by default")
	dataDir := fs.String("data", "./pgfast-data", "directory holding the tables (created if missing)")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	tlsCert := fs.String("tls-cert", "", "PEM certificate file: enables TLS (with --tls-key)")
	tlsKey := fs.String("tls-key", "", "PEM private key file of --tls-cert")
	memoryLimit := fs.String("memory-limit", "", "memory running statements may hold together, such as 1GB or 512MB; past it they spill to disk or fail with 53200 (default: half the machine's memory)")
	pprofAddr := fs.String("pprof", "", "TCP address to serve Go's profiler on (net/http/pprof), e.g. 127.0.0.1:6060; off by default")
	fileDirs := fs.String("file-dirs", "", "comma-separated directories: foreign tables, read_csv and read_parquet read only files under them (default: any file the server can read)")
	auth := fs.String("auth", "", "how TCP clients authenticate: trust, or scram-sha-256 with their role's password (default: scram-sha-256 with --passwords, trust without)")
	passwords := fs.String("passwords", "", "file of user:password or user:SCRAM-SHA-256$... lines: clients must then authenticate with SCRAM-SHA-256 (default: trust)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // the usage is printed already
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg := app.Config{Listen: *listen, DataDir: *dataDir, Logger: log, GovernGC: true}
	if *socketDirs != "" {
		cfg.SocketDirs = strings.Split(*socketDirs, ",")
	}
	if *fileDirs != "" {
		cfg.FileDirs = strings.Split(*fileDirs, ",")
	}
	if *memoryLimit != "" {
		n, err := app.ParseSize(*memoryLimit)
		if err != nil {
			return fmt.Errorf("--memory-limit: %w", err)
		}
		cfg.MemoryLimit = n
	}
	if *tlsCert != "" || *tlsKey != "" {
		cert, err := tls.LoadX509KeyPair(*tlsCert, *tlsKey)
		if err != nil {
			return fmt.Errorf("--tls-cert/--tls-key: %w", err)
		}
		cfg.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	switch *auth {
	case "", "trust":
	case "scram-sha-256":
		cfg.RequirePasswords = true
	default:
		return fmt.Errorf("--auth: want trust or scram-sha-256, not %q", *auth)
	}
	if *auth == "trust" && *passwords != "" {
		return fmt.Errorf("--auth trust contradicts --passwords")
	}
	if *passwords != "" {
		creds, err := app.LoadCredentials(*passwords)
		if err != nil {
			return fmt.Errorf("--passwords: %w", err)
		}
		cfg.Credentials = creds
	} else if host, _, err := net.SplitHostPort(*listen); err == nil && !isLoopback(host) && !cfg.RequirePasswords {
		log.Warn("listening beyond loopback without --passwords: every client is trusted", "addr", *listen)
	}
	if *pprofAddr != "" {
		if err := servePprof(*pprofAddr, log); err != nil {
			return fmt.Errorf("--pprof: %w", err)
		}
	}
	a, err := app.Start(cfg)
	if err != nil {
		return err
	}
	<-ctx.Done()
	stop() // a second signal now kills the process the default way
	log.Info("shutting down", "timeout", shutdownTimeout)

	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	return a.Shutdown(sctx)
}

// isLoopback reports whether host names only this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
