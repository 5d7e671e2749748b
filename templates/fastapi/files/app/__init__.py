"""The application package. Settings come from the environment; a `.env` file beside this
package fills in the ones that are not set (see `.env.example`)."""

from pathlib import Path

from dotenv import load_dotenv

load_dotenv(Path(__file__).resolve().parent.parent / ".env")
