# The site layer has no models of its own.
