"""The interactive Orbit app (Streamlit): ``python -m orbit.app --data DIR``.

Optional extra: ``pip install orbit[app]``. Importing ``orbit`` never imports
this package or Streamlit; ``page.py`` is the Streamlit script, the other
modules are plain helpers that do not import Streamlit either.
"""
