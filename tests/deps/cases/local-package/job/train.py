from mypkg import run
run()
