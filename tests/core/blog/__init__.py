"""The blog package: generators, configs, and what each one publishes."""
