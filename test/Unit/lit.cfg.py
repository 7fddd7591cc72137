# -*- Python -*- lit runs attnc's GoogleTest binaries as part of the suite.

import os

import lit.formats

config.name = "attnc-unit"
config.suffixes = []
config.test_source_root = os.path.join(config.attnc_obj_root, "unittests")
config.test_exec_root = config.test_source_root
config.test_format = lit.formats.GoogleTest(".", "Tests")
