# The careergraph server: a static binary on a distroless base, run as a
# non-root user. Built by `docker compose up` (see docker-compose.yml).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/careergraph .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/careergraph /careergraph
# In a container the server listens on every interface of the container;
# compose publishes it on the host's loopback only. DATA_DIR (embedded
# store only) is under the non-root user's home, which it may write.
ENV HOST=0.0.0.0 PORT=8080 DATA_DIR=/home/nonroot/data
EXPOSE 8080
USER nonroot:nonroot
# The first start imports the shipped open data (about 20 s into Neo4j).
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s CMD ["/careergraph", "healthcheck"]
ENTRYPOINT ["/careergraph"]
