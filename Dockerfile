# scale-mock's container image: build and unit-test in one stage, ship the binary alone.
#
#   docker build -t scale-mock .        (or: podman build --format docker -t scale-mock .)
#   docker run --rm -p 8080:8080 scale-mock
#
# Both stages start from debian:bookworm-slim and take everything from Debian's apt, as the
# project does on the host. No heredocs and no BuildKit-only syntax: buildah 1.28 (Debian
# bookworm's podman) builds this file too. docs/image.md tells how to use it.

FROM debian:bookworm-slim AS build
# The toolchain and libraries first, so that editing the sources reuses this layer.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ make cmake pkg-config \
      libcpp-httplib-dev nlohmann-json3-dev libboost-dev libcli11-dev libssl-dev catch2 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY fixtures fixtures
COPY src src
COPY tests tests
# Warnings are errors, as in script/test. -O2 rather than Release's -O3: the test suites compile
# about a quarter faster, and a test double gains nothing from -O3. Only the Catch2 suites run
# here: the shell tests need the conformance kit beside the checkout, Node.js or the openssl
# command, none of which the image has (script/test runs them on the host). The [hostile] tests
# stay on the host too: they open about 1,100 sockets, and a build container's open-file limit
# is the builder's choice.
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
      -DSCALE_MOCK_WERROR=ON \
 && cmake --build build -j"$(nproc)" \
 && ctest --test-dir build --output-on-failure -R '^(domain|store|app)$' \
 && build/scale_http_tests '~[hostile]' \
 && strip build/scale-mock

FROM debian:bookworm-slim
# The binary's shared libraries (`ldd scale-mock`): cpp-httplib and OpenSSL's libcrypto; libc,
# libstdc++ and libgcc are in the base already. A user without a login and a /data directory
# it owns, for --state-file.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libcpp-httplib0.11 libssl3 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \
 && groupadd --system --gid 10001 scale-mock \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin scale-mock \
 && mkdir /data && chown 10001:10001 /data
COPY --from=build /src/build/scale-mock /usr/local/bin/scale-mock
# The demo data (the same file the binary embeds). Mount a directory over /fixtures to serve
# your own: every *.json in it loads in name order.
COPY fixtures/default.json /fixtures/default.json
ENV SCALE_MOCK_HOST=0.0.0.0 \
    SCALE_MOCK_PORT=8080 \
    SCALE_MOCK_FIXTURES=/fixtures
USER 10001:10001
WORKDIR /data
EXPOSE 8080
# The binary checks itself, with the same SCALE_MOCK_HOST and SCALE_MOCK_PORT as the server.
# (podman keeps HEALTHCHECK only with `podman build --format docker`.)
HEALTHCHECK --interval=2s --timeout=3s --start-period=10s --retries=3 \
  CMD ["scale-mock", "healthcheck"]
ENTRYPOINT ["scale-mock"]
