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

.PHONY: run test vet bench deps tools demo screenshots build clean

run: deps
	$(GO) run ./cmd/baoan $(RUNFLAGS)

test: deps
	$(GO) vet ./...
	$(GO) test -count=1 ./...

vet:
	$(GO) vet ./...

# Benchmarks over a 1,000,000-case database (built once and cached under $$TMPDIR).
bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 50x ./store/ ./demo/

build: deps
	mkdir -p bin && $(GO) build -o bin/baoan ./cmd/baoan

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

clean:
	rm -rf bin dist
