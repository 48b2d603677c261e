#!/usr/bin/env bash
# Installs the Debian packages SeqGD needs to build, run and test.
# Works on Debian 12 and Ubuntu 22.04 or newer; uses sudo when not root.
set -euo pipefail

packages=(
  # build
  build-essential meson ninja-build pkg-config clang libclang-rt-14-dev
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libjson-glib-dev
  libopenblas-dev libsoup-3.0-dev libcairo2-dev libpango1.0-dev
  libxml2-dev
  # data: Fashion-MNIST, the default data set when MNIST is not cached
  dataset-fashion-mnist
  # tests: a virtual display, validators, image and PDF tools
  xvfb xauth xdotool imagemagick poppler-utils libxml2-utils
  desktop-file-utils appstream dbus-x11
  # fonts and icons the window and exported plots use
  fonts-dejavu-core fonts-cantarell adwaita-icon-theme
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
