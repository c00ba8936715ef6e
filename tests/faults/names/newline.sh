# Names holding a newline or a carriage return (files and a folder): they
# cannot appear in a ninja file, so they must travel only as job arguments;
# the build works and carries them over.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/faults/lib.bash"
need vips python3
nl=$'\n' cr=$'\r'
mkdir -p "dist/fold${nl}er"
printf 'one\n' > "dist/new${nl}line.txt"
printf 'two\n' > "dist/carriage${cr}return.txt"
printf '.x{color:red}%3000s\n' "" > "dist/fold${nl}er/st${nl}yle.css"
printf 'let a = 1;%3000s\n' "" > "dist/fold${nl}er/app${cr}${nl}.js"
gen valid "dist/fold${nl}er/pic${nl}.jpg" jpg
printf '<!doctype html><link rel="stylesheet" href="fold%%0Aer/st%%0Ayle.css"><img src="fold%%0Aer/pic%%0A.jpg">\n' > dist/index.html
fault_build
expect_status 0
refs_ok out
expect_carried "new${nl}line.txt"
expect_carried "carriage${cr}return.txt"
expect_carried "fold${nl}er/app${cr}${nl}.js"
