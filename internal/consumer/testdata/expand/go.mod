module example.com/expand

go 1.22
