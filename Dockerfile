# webhook-proxy container image (see docs/container.md / the README's "Docker" section).
#
#   docker build -t webhook-proxy .                          plain variant: non-root user `node`
#   docker build -t webhook-proxy:docker --target docker .   + Docker CLI and Compose v2, runs as root
#
# Multi-arch (linux/amd64, linux/arm64, linux/arm/v7):
#   docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7 -t <repo>/webhook-proxy --push .
#
# The base images are build arguments, so the image can be built from a local or mirrored Node image:
#   --build-arg NODE_IMAGE=...        an official Node LTS image (Debian-based: glibc, /bin/sh, user `node`)
#   --build-arg DOCKER_CLI_IMAGE=...  where the docker variant copies `docker` and the Compose plugin from
# Node 22 is the maintained LTS the image defaults to (Node 20 reached end of life in April 2026)
ARG NODE_IMAGE=node:22-bookworm-slim
ARG DOCKER_CLI_IMAGE=docker:27-cli

# --- build: compile with the dev dependencies, then drop them; only the built output and the
# production dependencies leave this stage. (It runs on the target platform, not on $BUILDPLATFORM:
# esbuild, a production dependency, ships one native binary per platform, and Docker 20.10's legacy
# builder, still the default of Debian's docker.io, knows no $BUILDPLATFORM.)
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: nothing the build or the server needs has to run an install script (ssh2's
# optional native speed-up would need a compiler; ssh2 works without it)
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsup.config.ts ./
COPY src ./src
COPY adapters ./adapters
COPY tools ./tools
# the image runs the CLI: the library's type declarations (the slow part of the build) are not needed
RUN npx tsup --no-dts && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# --- what both variants share: production dependencies and the built output, owned by root so the
# server cannot modify its own code
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/node ./dist/node
COPY package.json ./
# server.state_dir (default ./.webhook-proxy/, i.e. /app/.webhook-proxy): the delivery journal of async
# endpoints and the delivery ids of dedupe. Owned by `node` so the plain variant can write it in the
# root-owned /app; a volume, so what one container accepted is delivered by the next (docs/delivery.md).
# Async endpoints need SQLite: node:sqlite of Node 22.5+ (the default NODE_IMAGE); on an older Node the
# server refuses such a config at start, as better-sqlite3 is not compiled here (--ignore-scripts).
RUN mkdir -p /app/.webhook-proxy && chown node:node /app/.webhook-proxy && chmod 700 /app/.webhook-proxy
VOLUME /app/.webhook-proxy
# the config must say `host: 0.0.0.0` to be reachable from outside the container
EXPOSE 5000
# GET /healthz answers 200 while serving (503 or no answer while draining on shutdown). Set this to
# the config's port when it is not 5000: docker run -e WEBHOOK_PROXY_HEALTHCHECK_URL=http://127.0.0.1:8080/healthz
ENV WEBHOOK_PROXY_HEALTHCHECK_URL=http://127.0.0.1:5000/healthz
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.WEBHOOK_PROXY_HEALTHCHECK_URL, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# the config path is the container's first argument. Young-generation semi-spaces of 8 MiB instead of
# Node's 16: about 20 MiB less resident memory under load, at the same throughput (docs/performance.md)
ENTRYPOINT ["node", "--max-semi-space-size=8", "/app/dist/node/cli.js"]
CMD ["/app/server.yml"]

# --- the Docker CLI and the Compose v2 plugin (static binaries in the official docker:cli image,
# for every platform above)
FROM ${DOCKER_CLI_IMAGE} AS docker-cli

# --- docker variant: the docker, docker-compose and docker-swarm actions over the mounted
# /var/run/docker.sock (or over SSH). It runs as root like the original's `-docker` images, because
# the socket's group id differs from host to host and access to the socket is root on the host
# anyway; to run unprivileged, add `--user node --group-add <the socket's gid>` (docs/container.md).
FROM runtime AS docker
COPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker
COPY --from=docker-cli /usr/local/libexec/docker/cli-plugins/docker-compose /usr/local/libexec/docker/cli-plugins/docker-compose
USER root

# --- plain variant (the default target, so it comes last): runs as the unprivileged `node` user
FROM runtime AS plain
USER node
