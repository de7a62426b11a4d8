# A correct team-3 program that ignores Ctrl-C (SIGINT), as a program that
# catches KeyboardInterrupt to keep going would: kafkacheck must kill it
# after the grace period, and say so.
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

exec(open(__file__.replace("ignores-sigint.py", "correct.py")).read())
