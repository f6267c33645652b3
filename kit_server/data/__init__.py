"""Small data files shipped with the kit (see README.md). A package so that wheels include them."""
