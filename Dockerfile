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
COPY --from=build /out/warroom /usr/local/bin/warroom
# The volume starts out owned by the user the bot runs as.
COPY --from=build --chown=65532:65532 /out/data /data
USER nonroot:nonroot
VOLUME ["/data"]
ENV WARROOM_DB=/data/warroom.db
ENTRYPOINT ["/usr/local/bin/warroom"]
CMD ["run"]
