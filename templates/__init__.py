"""Jinja templates, shipped as package data: the report's page shell and the invite sheet here,
the web form's and the console's pages under web/. Loaded with `jinja2.PackageLoader`, so an
installed wheel finds them wherever it runs."""
