"""The interactive Orbit app (Streamlit): ``python -m orbit.app --data DIR``.

Optional extra: ``pip install orbit[app]``. Importing ``orbit`` never imports
this package or Streamlit. ``page.py`` is the Streamlit script; ``session.py``
and the tab modules (``sweep_tab.py``) draw with Streamlit; ``params.py`` draws
widgets into the container it is given; ``runs``, ``sweeps``, ``charts`` and
``sources`` are plain helpers that do not import Streamlit.
"""
