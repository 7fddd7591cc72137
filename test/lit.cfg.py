# -*- Python -*- lit configuration for attnc's regression tests.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "attnc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.attnc_obj_root, "test")
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

config.substitutions.append(("%examples", os.path.join(config.attnc_src_root, "examples")))
config.substitutions.append(("%attnc_include", os.path.join(config.attnc_src_root, "include")))
config.substitutions.append(("%cc", config.c_compiler))

llvm_config.add_tool_substitutions(
    [ToolSubst("attnc", unresolved="fatal"), ToolSubst("attnc-opt", unresolved="fatal")],
    [config.attnc_tools_dir])
