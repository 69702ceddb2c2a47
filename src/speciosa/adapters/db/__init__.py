"""The database adapter: SQLAlchemy rows, repositories, the unit of work and Alembic migrations."""
