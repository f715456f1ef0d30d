"""Feature detection: local maxima."""
from ._peak import peak_local_max

__all__ = ["peak_local_max"]
