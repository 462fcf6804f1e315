# The handful of commands people type. `make run` opens the app, `make test` runs every test;
# both first install the Debian packages Fyne's cgo build needs when they are missing.

GO       ?= go
DB       ?=
RUNFLAGS  = $(if $(DB),--db $(DB),)
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: a C compiler and the X11/Wayland/OpenGL headers GLFW is built against.
DEB_BUILD = gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
            libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
DEB_TOOLS = xvfb imagemagick poppler-utils
# Packaging: the Windows cross-compiler, and xz for the Linux tarball.
DEB_DIST  = gcc-mingw-w64-x86-64 xz-utils

# FyneApp.toml is the one source of the name, id, version and icon. The version a build
# reports adds the git commit it was built from.
VERSION  := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILDNO  := $(shell sed -n 's/^ *Build *= *\([0-9]*\).*/\1/p' FyneApp.toml)
GITVER   := $(shell git describe --tags --always --dirty 2>/dev/null)
LDFLAGS   = -X baoan/cli.Version=$(VERSION)$(if $(GITVER),+$(GITVER))

.PHONY: run test vet bench deps tools demo screenshots build clean dist dist-deps dist-linux dist-windows

run: deps
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/baoan $(RUNFLAGS)

# With BAOAN_TEST_PG=postgres://… (a role that may create databases) the store tests and
# `migrate` run a second time on PostgreSQL, each test on a database of its own.
test: deps
	$(GO) vet ./...
	BAOAN_TEST_PG= $(GO) test -count=1 ./...
	$(if $(BAOAN_TEST_PG),$(GO) test -count=1 ./store/ && $(GO) test -count=1 -run Migrate ./cli/)

vet:
	$(GO) vet ./...

# Benchmarks over a 1,000,000-case database (built once and cached under $$TMPDIR).
bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 50x ./store/ ./demo/

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

dist-linux: deps dist-deps bin/fyne build
	rm -rf dist/linux && mkdir -p dist/linux
	cd dist/linux && ../../bin/fyne package --target linux --exe ../../bin/baoan --src ../.. --release \
	  --app-version $(VERSION) --app-build $(BUILDNO)
	mv dist/linux/*.tar.xz dist/baoan-$(VERSION)-linux-amd64.tar.xz && rm -rf dist/linux
	@echo "dist/baoan-$(VERSION)-linux-amd64.tar.xz"

dist-windows: deps dist-deps bin/go-winres
	mkdir -p dist
	bin/go-winres simply --arch amd64 --out cmd/baoan/rsrc --manifest gui --icon assets/icon.png \
	  --product-name "信访包案管理系统" --file-description "信访包案管理系统" --original-filename baoan.exe \
	  --product-version $(VERSION).$(BUILDNO) --file-version $(VERSION).$(BUILDNO)
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	  $(GO) build -ldflags "-H=windowsgui -s -w $(LDFLAGS)" -o dist/baoan-$(VERSION)-windows-amd64.exe ./cmd/baoan; \
	  status=$$?; rm -f cmd/baoan/rsrc_windows_*.syso; exit $$status
	file dist/baoan-$(VERSION)-windows-amd64.exe

clean:
	rm -rf bin dist
