# Inspraak in a container: `inspraak run` (the Telegram bot and the web form) as a non-root user,
# the database on a volume, /healthz as the health check. See README.md, "Going live".
#   docker build -t inspraak .
#   docker run -d --env-file .env -v inspraak-data:/data -p 127.0.0.1:8080:8080 inspraak
# compose.yaml runs it behind Caddy for HTTPS.

# 1. The product's wheel (not the demo and test doubles: they are doubles/pyproject.toml).
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY conversation/ conversation/
COPY coordination/ coordination/
COPY inspraak/ inspraak/
COPY questionnaires/ questionnaires/
COPY report/ report/
COPY settings/ settings/
COPY storage/ storage/
COPY templates/ templates/
COPY web/ web/
COPY whatsapp/ whatsapp/
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# 2. The runtime: pinned dependencies with their hashes (requirements.lock), then the wheel.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/inspraak/bin:$PATH
COPY requirements.lock /tmp/requirements.lock
COPY --from=wheel /wheels /tmp/wheels
RUN python -m venv /opt/inspraak \
    && pip install --no-cache-dir --require-hashes -r /tmp/requirements.lock \
    && pip install --no-cache-dir --no-deps /tmp/wheels/*.whl \
    && rm -rf /tmp/requirements.lock /tmp/wheels \
    # deduce (quote masking) builds its lookup tables once, into its package folder.
    && python -m report.masking --prepare \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin inspraak \
    # A new volume starts as this folder: the database's owner only, with a folder for backups.
    && install -d -m 700 -o inspraak -g inspraak /data /data/backups

# The database (and backups) live on the volume; the web form and a Telegram webhook listen on
# every interface of the container: publish them only to the reverse proxy.
ENV INSPRAAK_DB=/data/inspraak.sqlite3 \
    INSPRAAK_WEB_LISTEN=0.0.0.0 \
    INSPRAAK_WEB_PORT=8080 \
    INSPRAAK_WEBHOOK_LISTEN=0.0.0.0 \
    INSPRAAK_WEBHOOK_PORT=8443
VOLUME ["/data"]
WORKDIR /data
USER inspraak
EXPOSE 8080 8443
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["inspraak", "health"]
CMD ["inspraak", "run"]
