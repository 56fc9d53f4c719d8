FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY config config
COPY events events
COPY notifications notifications
COPY outreach outreach
COPY templates templates
COPY static static
COPY locale locale
COPY manage.py ./
RUN pip install --no-cache-dir -c constraints.txt . \
 && DEBUG=false SECRET_KEY=collectstatic-only-key-collectstatic-only-key-0123456789 \
    ALLOWED_HOSTS=build python manage.py collectstatic --noinput
RUN useradd --create-home app
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "config/gunicorn.conf.py"]
