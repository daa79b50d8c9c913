# Build: a static binary, no cgo.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/warroom ./cmd/warroom \
 && mkdir -p /out/data

# Run: nothing but the binary and CA certificates, as a non-root user, with
# the store on a volume.
FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
LABEL org.opencontainers.image.title="warroom" \
      org.opencontainers.image.description="ChatOps incident war-room bot for Slack and Discord" \
      org.opencontainers.image.source="https://github.com/warroom-dev/warroom" \
      org.opencontainers.image.documentation="https://github.com/warroom-dev/warroom#readme" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /out/warroom /usr/local/bin/warroom
# The volume starts out owned by the user the bot runs as.
COPY --from=build --chown=65532:65532 /out/data /data
USER nonroot:nonroot
VOLUME ["/data"]
ENV WARROOM_DB=/data/warroom.db
# Health and metrics on every interface of the container (/healthz, /readyz,
# /metrics); the health check asks /readyz through the binary itself, as the
# image has no shell or curl. The settings are the bot's, from the same
# environment.
ENV WARROOM_HTTP_ADDR=:9090
EXPOSE 9090
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/warroom", "health"]
ENTRYPOINT ["/usr/local/bin/warroom"]
CMD ["run"]
