// roost-play: the terminal client. Being written on branch `client`.
print("roost-play: not built yet")
