# The analysis' host tests (included by capdl/CMakeLists.txt, which builds analysis.c
# and graph.c into the tool): reach, isolation and graph against the specs in
# tests/specs/analysis_*.cdl and specs written in the test, both closures compared.
capdl_host_test(analysis tool/analysis.c tool/graph.c)
