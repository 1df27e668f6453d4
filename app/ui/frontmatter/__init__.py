"""The front-matter form: fields, the YAML tab, chips, the emoji picker."""
