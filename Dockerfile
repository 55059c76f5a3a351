# Potluck in a container: docker build -t potluck . && docker run -p 3333:3333 -p 8080:8080 potluck
# The default config (deploy/potluck.toml) suits deploy/docker-compose.yml; mount your own at /etc/potluck/potluck.toml
# or override any key with POTLUCK_* environment variables (see docs/potluck.example.toml).

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# Tests run in CI, not here. The cache mount keeps Maven's downloads between builds.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/potluck --shell /usr/sbin/nologin potluck \
    && mkdir -p /var/lib/potluck /etc/potluck && chown potluck /var/lib/potluck
COPY --from=build /src/potluck-cli/target/potluck.jar /opt/potluck/potluck.jar
COPY deploy/potluck.toml /etc/potluck/potluck.toml
COPY docs/potluck.example.toml /etc/potluck/potluck.example.toml
USER potluck
WORKDIR /var/lib/potluck
ENV POTLUCK_DATA_DIR=/var/lib/potluck
EXPOSE 3333 8080
VOLUME /var/lib/potluck
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-Xmn32m", "-jar", "/opt/potluck/potluck.jar"]
CMD ["run", "--config", "/etc/potluck/potluck.toml"]
