"""PDF output: fonts, printable forms and documents."""
