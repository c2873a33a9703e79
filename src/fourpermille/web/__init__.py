"""The web platform (Django): one app per domain. Calls the science core; holds no science."""
