# The handful of commands people type. `make run` opens the app, `make test` runs every test;
# both first install the Debian packages Fyne's cgo build needs when they are missing.

GO       ?= go
DB       ?=
RUNFLAGS  = $(if $(DB),--db $(DB),)
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: a C compiler and the X11/Wayland/OpenGL headers GLFW is built against.
DEB_BUILD = gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
            libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev \
            poppler-utils
DEB_TOOLS = xvfb imagemagick poppler-utils
# Packaging: the Windows cross-compiler, and xz for the Linux tarball.
DEB_DIST  = gcc-mingw-w64-x86-64 xz-utils file

# FyneApp.toml is the one source of the name, id, version and icon. The version a build
# reports adds the git commit it was built from.
VERSION  := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILDNO  := $(shell sed -n 's/^ *Build *= *\([0-9]*\).*/\1/p' FyneApp.toml)
GITVER   := $(shell git describe --tags --always --dirty 2>/dev/null)
LDFLAGS   = -X baoan/cli.Version=$(VERSION)$(if $(GITVER),+$(GITVER))

.PHONY: fuzz run test vet bench deps tools demo screenshots build clean dist dist-deps dist-linux dist-windows dist-check

run: deps
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/baoan $(RUNFLAGS)

# With BAOAN_TEST_PG=postgres://… (a role that may create databases) the store tests and
# `migrate` run a second time on PostgreSQL, each test on a database of its own.
test: deps
	$(GO) vet ./...
	BAOAN_TEST_PG= $(GO) test -count=1 ./...
	$(if $(BAOAN_TEST_PG),$(GO) test -count=1 ./store/ && $(GO) test -count=1 -run Migrate ./cli/)
	$(if $(filter-out 0 0s,$(FUZZTIME)),$(MAKE) --no-print-directory fuzz FUZZERS="$(FUZZ_IN_TEST)")

# Fuzz tests (issue 7): each fuzzer runs for FUZZTIME; the packages' fuzzers run side by
# side (one package after another would add the long instrumented build of the store to
# the fuzzing time), each package's one after another, and a fuzzer's output is printed
# when it ends. `make test` runs those of FUZZ_IN_TEST (about 1.5 minutes at 30s with a
# warm build cache); `make fuzz FUZZTIME=10m` runs all of them longer, and FUZZTIME=0
# leaves them out of `make test`. A failing input is saved under the package's
# testdata/fuzz/ and from then on runs with the plain tests.
FUZZTIME     ?= 30s
FUZZERS      ?= model:FuzzCheckIDNumber model:FuzzCheckPhone model:FuzzParseDate model:FuzzPetitionerValidate \
                ledgerio:FuzzLedgerDate ledgerio:FuzzLedgerRow store:FuzzSearchQuery
FUZZ_IN_TEST  = model:FuzzCheckIDNumber model:FuzzCheckPhone model:FuzzParseDate \
                ledgerio:FuzzLedgerDate ledgerio:FuzzLedgerRow store:FuzzSearchQuery

fuzz:
	@pids=""; \
	for pkg in $(sort $(foreach f,$(FUZZERS),$(word 1,$(subst :, ,$(f))))); do \
	  ( for f in $(FUZZERS); do \
	      case $$f in $$pkg:*) ;; *) continue ;; esac; \
	      name=$${f#*:}; out=$$(mktemp); \
	      if BAOAN_TEST_PG= $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) ./$$pkg/ >$$out 2>&1; then \
	        n=$$(grep 'execs:' $$out | tail -n 1 | sed 's/ (.*//; s/.*execs: //'); \
	        echo "fuzz $$name ($$pkg, $(FUZZTIME)): $${n:-0} executions beyond the corpus, no failure"; \
	        rm -f $$out; \
	      else \
	        echo "fuzz $$name ($$pkg) FAILED:"; cat $$out; rm -f $$out; exit 1; \
	      fi; \
	    done ) & pids="$$pids $$!"; \
	done; \
	status=0; for p in $$pids; do wait $$p || status=1; done; exit $$status

vet:
	$(GO) vet ./...

# Benchmarks over a 1,000,000-case database (built once and cached under $$TMPDIR).
bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 3x ./store/ ./demo/ ./ui/

build: deps
	mkdir -p bin && $(GO) build -ldflags "$(LDFLAGS)" -o bin/baoan ./cmd/baoan

demo: deps
	$(GO) run ./cmd/baoan $(RUNFLAGS) demo --cases 2000

# deps installs what is missing and nothing else, so it costs nothing on a ready machine.
deps:
	@missing=""; for p in $(DEB_BUILD); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $$missing; \
	fi

tools:
	@missing=""; for p in $(DEB_TOOLS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $$missing; \
	fi

# Screenshots of every screen, from the real window under Xvfb on a fresh demo database,
# into docs/screenshots/ (shown in the README).
SHOTDB = $(or $(TMPDIR),/tmp)/baoan-screenshots.db
screenshots: deps tools
	rm -f $(SHOTDB) $(SHOTDB)-wal $(SHOTDB)-shm
	$(GO) run ./cmd/baoan --db $(SHOTDB) demo --cases 3000
	printf 'demo-pass-1\n' | $(GO) run ./cmd/baoan --db $(SHOTDB) user add admin --role admin --name 管理员
	rm -rf docs/screenshots && mkdir -p docs/screenshots
	Xvfb :97 -screen 0 1200x760x24 >/dev/null 2>&1 & xpid=$$!; sleep 1; \
	  DISPLAY=:97 LANG=zh_CN.UTF-8 $(GO) run ./cmd/screenshots --db $(SHOTDB) --password demo-pass-1 --out docs/screenshots; \
	  status=$$?; kill $$xpid; exit $$status
	ls docs/screenshots

# Packages for the office PC, into dist/: the Linux tarball made by Fyne's packager (with
# the .desktop file and icon) and the Windows .exe cross-built with mingw-w64, with the
# icon and version resources from go-winres and no console window. The packaging tools
# are pinned in tools/go.mod and built from there.
dist: dist-linux dist-windows

bin/fyne bin/go-winres: tools/go.mod
	mkdir -p bin
	cd tools && $(GO) build -o ../bin/fyne fyne.io/tools/cmd/fyne && $(GO) build -o ../bin/go-winres github.com/tc-hib/go-winres

dist-deps:
	@missing=""; for p in $(DEB_DIST); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $$missing; \
	fi

# Fyne's packager rewrites the FyneApp.toml it reads (it counts builds up), so it reads a
# copy: the one in the repository stays as committed.
dist-linux: deps dist-deps bin/fyne build
	rm -rf dist/_linux && mkdir -p dist/_linux/src/assets
	cp FyneApp.toml dist/_linux/src/ && cp assets/icon.png dist/_linux/src/assets/
	printf 'package main\n\nfunc main() {}\n' > dist/_linux/src/main.go # it wants Go code there, though it packages --exe
	cd dist/_linux && $(CURDIR)/bin/fyne package --target linux --exe $(CURDIR)/bin/baoan --src $(CURDIR)/dist/_linux/src \
	  --release --app-version $(VERSION) --app-build $(BUILDNO)
	mv dist/_linux/*.tar.xz dist/baoan-$(VERSION)-linux-amd64.tar.xz && rm -rf dist/_linux
	@echo "dist/baoan-$(VERSION)-linux-amd64.tar.xz"

# go-winres's resource file must sit beside main.go, but a .syso in cmd/baoan would be seen
# by a `go vet` or `go test` running alongside (CI builds this during the tests), so the
# .exe is built from a copy of the main package under dist/_windows: a folder starting
# with "_" is outside ./... .
WINSRC = dist/_windows/baoan
dist-windows: deps dist-deps bin/go-winres
	rm -rf dist/_windows && mkdir -p $(WINSRC)
	cp $(filter-out %_test.go,$(wildcard cmd/baoan/*.go)) $(WINSRC)/
	bin/go-winres simply --arch amd64 --out $(WINSRC)/rsrc --manifest gui --icon assets/icon.png \
	  --product-name "信访包案管理系统" --file-description "信访包案管理系统" --original-filename baoan.exe \
	  --product-version $(VERSION).$(BUILDNO) --file-version $(VERSION).$(BUILDNO)
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	  $(GO) build -ldflags "-H=windowsgui -s -w $(LDFLAGS)" -o dist/baoan-$(VERSION)-windows-amd64.exe ./$(WINSRC); \
	  status=$$?; rm -rf dist/_windows; exit $$status
	file dist/baoan-$(VERSION)-windows-amd64.exe

# dist-check looks inside what dist built, as CI does: the tarball holds the program, its
# .desktop file and icon, and the program reports its version; the .exe is a GUI program.
dist-check:
	rm -rf dist/check && mkdir -p dist/check && tar -xJf dist/baoan-$(VERSION)-linux-amd64.tar.xz -C dist/check
	test -x dist/check/baoan/usr/local/bin/baoan
	grep -q '^Name=信访包案管理系统' dist/check/baoan/usr/local/share/applications/cn.gov.xinfang.baoan.desktop
	test -s dist/check/baoan/usr/local/share/pixmaps/cn.gov.xinfang.baoan.png
	dist/check/baoan/usr/local/bin/baoan --version | grep -q '$(VERSION)'
	file dist/baoan-$(VERSION)-windows-amd64.exe | grep -q 'PE32+ executable (GUI) x86-64'
	rm -rf dist/check
	@echo "dist-check: both packages look right"

clean:
	rm -rf bin dist
