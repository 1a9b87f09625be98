# Entry points; the real work is in tools/.
.PHONY: run test build bench deps fuzz
run:
	tools/run.sh
test:
	tools/test.sh
build:
	tools/install-deps.sh && tools/build.sh
bench:
	tools/install-deps.sh && tools/build.sh && bench/run.sh && bench/rules.sh && bench/email.sh
deps:
	tools/install-deps.sh
fuzz:
	tools/fuzz.sh $(FUZZ_SECONDS)
